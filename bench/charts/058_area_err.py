import matplotlib.pyplot as plt
import numpy as np
x = np.arange(6)
ys = [[13.6, 77.4, 72.5, 18.9, 87.8, 83.5], [37.1, 55.6, 56.5, 69.2, 52.8, 15.9], [12.9, 64.5, 83.3, 27.6, 64.0, 99.2]]
fig, (a, b) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
a.stackplot(x, ys, labels=['coal', 'gas', 'solar'], alpha=0.8)
a.legend(loc='upper left')
b.errorbar(x, ys[0], yerr=[7.7, 7.3, 6.9, 6.1, 7.8, 2.2], fmt='-o', capsize=3)
b.set_xlabel('Year')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
