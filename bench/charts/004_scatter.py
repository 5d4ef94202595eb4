import matplotlib.pyplot as plt
import numpy as np
x = [96.7, 52.1, 92.6, 74.8, 10.8, 59.4, 80.7, 52.6, 99.0, 70.4, 36.2, 12.2, 78.8, 55.7, 7.0, 6.0, 64.6, 56.6, 43.3, 73.2, 55.1, 7.4, 44.6]
y = [64.7, 43.9, 28.9, 14.4, 95.9, 66.1, 98.2, 48.3, 66.3, 27.3, 48.2, 94.2, 88.7, 62.0, 64.1, 56.9, 53.9, 89.3, 66.2, 15.6, 15.2, 44.3, 91.7]
s = [96.5, 151.2, 12.4, 74.8, 179.1, 122.9, 225.7, 159.8, 198.5, 94.3, 69.1, 10.1, 59.1, 251.3, 104.8, 192.5, 15.1, 165.7, 279.8, 213.2, 269.2, 208.6, 167.5]
fig, ax = plt.subplots()
sc = ax.scatter(x, y, s=s, c=y, cmap='viridis', alpha=0.7)
fig.colorbar(sc, label='y')
m, b = np.polyfit(x, y, 1)
ax.plot(sorted(x), [m * v + b for v in sorted(x)], 'r--', label='fit')
ax.legend()
plt.tight_layout()
plt.savefig('chart.png')
