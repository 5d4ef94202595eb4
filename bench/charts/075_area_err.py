import matplotlib.pyplot as plt
import numpy as np
x = np.arange(10)
ys = [[20.2, 59.9, 12.5, 76.2, 74.6, 56.4, 18.1, 40.2, 95.9, 41.8], [75.2, 23.7, 94.4, 72.1, 9.1, 33.5, 92.8, 6.1, 26.8, 63.0], [50.3, 29.2, 12.7, 13.1, 6.6, 16.4, 23.9, 17.4, 67.6, 15.3]]
fig, (a, b) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
a.stackplot(x, ys, labels=['coal', 'gas', 'solar'], alpha=0.8)
a.legend(loc='upper left')
b.errorbar(x, ys[0], yerr=[5.4, 2.3, 4.4, 7.1, 3.1, 4.2, 7.8, 7.7, 1.9, 5.3], fmt='-o', capsize=3)
b.set_xlabel('Year')
