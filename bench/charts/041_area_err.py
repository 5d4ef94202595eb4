import matplotlib.pyplot as plt
import numpy as np
x = np.arange(7)
ys = [[34.8, 97.6, 47.3, 26.7, 8.9, 16.5, 63.1], [45.5, 6.7, 20.9, 85.9, 17.1, 20.7, 94.6], [52.4, 30.0, 72.4, 27.9, 5.4, 78.1, 70.3]]
fig, (a, b) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
a.stackplot(x, ys, labels=['coal', 'gas', 'solar'], alpha=0.8)
a.legend(loc='upper left')
b.errorbar(x, ys[0], yerr=[2.8, 4.7, 7.1, 7.3, 3.0, 4.9, 5.0], fmt='-o', capsize=3)
b.set_xlabel('Year')
