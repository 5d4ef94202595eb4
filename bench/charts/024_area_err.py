import matplotlib.pyplot as plt
import numpy as np
x = np.arange(12)
ys = [[55.5, 19.3, 67.9, 42.9, 83.3, 5.9, 58.2, 42.1, 49.6, 77.5, 99.6, 38.2], [52.6, 23.8, 96.0, 86.3, 29.5, 74.6, 26.1, 9.5, 87.4, 30.9, 61.9, 44.5], [80.4, 43.2, 76.0, 12.9, 70.2, 90.8, 31.6, 46.0, 79.6, 44.8, 66.5, 98.4]]
fig, (a, b) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
a.stackplot(x, ys, labels=['coal', 'gas', 'solar'], alpha=0.8)
a.legend(loc='upper left')
b.errorbar(x, ys[0], yerr=[6.8, 2.2, 5.0, 3.3, 4.7, 2.6, 1.3, 4.9, 3.6, 3.6, 7.2, 5.1], fmt='-o', capsize=3)
b.set_xlabel('Year')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
