import matplotlib.pyplot as plt
import numpy as np
x = np.arange(7)
ys = [[43.1, 51.5, 6.3, 45.0, 9.6, 78.4, 9.6], [54.1, 64.5, 20.1, 40.8, 91.0, 29.0, 30.2], [6.4, 55.5, 72.7, 39.7, 5.3, 90.4, 80.5]]
fig, (a, b) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
a.stackplot(x, ys, labels=['coal', 'gas', 'solar'], alpha=0.8)
a.legend(loc='upper left')
b.errorbar(x, ys[0], yerr=[1.4, 6.9, 7.5, 7.1, 7.5, 4.2, 2.2], fmt='-o', capsize=3)
b.set_xlabel('Year')
