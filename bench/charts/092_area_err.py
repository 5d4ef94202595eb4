import matplotlib.pyplot as plt
import numpy as np
x = np.arange(12)
ys = [[10.9, 60.4, 31.9, 98.6, 27.1, 36.6, 31.2, 20.8, 19.1, 31.4, 39.2, 64.0], [33.3, 81.3, 70.3, 35.3, 93.1, 31.9, 73.0, 18.0, 58.7, 31.1, 12.4, 68.0], [41.1, 42.3, 46.0, 7.8, 26.9, 78.5, 7.8, 71.0, 57.3, 39.4, 41.2, 5.7]]
fig, (a, b) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
a.stackplot(x, ys, labels=['coal', 'gas', 'solar'], alpha=0.8)
a.legend(loc='upper left')
b.errorbar(x, ys[0], yerr=[7.6, 7.3, 7.8, 6.9, 2.7, 4.2, 2.7, 2.3, 6.4, 3.1, 4.7, 6.9], fmt='-o', capsize=3)
b.set_xlabel('Year')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
