import matplotlib.pyplot as plt
import numpy as np
months = list(range(1, 16))
fig, ax = plt.subplots(figsize=(10, 5))
ax.plot(months, [98.3, 44.9, 6.6, 67.7, 82.9, 90.9, 24.5, 40.6, 60.1, 39.2, 12.8, 21.5, 25.3, 65.6, 70.2], marker='o', label='Rainfall')
ax.plot(months, [22.9, 98.0, 88.4, 9.8, 65.1, 43.5, 7.2, 57.5, 41.5, 97.0, 73.1, 8.4, 92.7, 25.6, 37.3], marker='o', label='Ticket prices')
ax.plot(months, [52.2, 50.5, 26.3, 94.6, 81.1, 88.7, 45.8, 38.5, 79.1, 46.0, 87.4, 78.6, 91.9, 90.3, 23.9], marker='o', label='Crop yield')
ax.legend(loc='upper left')
ax.set_xlabel('Month')
ax.set_title('Monthly trends')
ax.annotate('peak', xy=(3, 90), xytext=(5, 95), arrowprops=dict(arrowstyle='->'))
