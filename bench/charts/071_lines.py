import matplotlib.pyplot as plt
import numpy as np
months = list(range(1, 15))
fig, ax = plt.subplots(figsize=(10, 5))
ax.plot(months, [73.1, 19.7, 48.2, 31.0, 57.5, 37.8, 42.1, 63.8, 74.3, 32.7, 81.6, 56.8, 84.2, 14.0], marker='o', label='Ticket prices')
ax.plot(months, [77.4, 83.1, 96.9, 38.3, 45.7, 81.0, 28.4, 72.4, 86.2, 28.9, 60.7, 39.9, 16.0, 29.7], marker='o', label='Exam scores')
ax.plot(months, [17.8, 83.4, 41.8, 46.4, 62.2, 50.2, 56.2, 21.3, 90.1, 75.6, 58.3, 52.4, 68.5, 96.0], marker='o', label='Air quality')
ax.legend(loc='upper left')
ax.set_xlabel('Month')
ax.set_title('Monthly trends')
ax.annotate('peak', xy=(3, 90), xytext=(5, 95), arrowprops=dict(arrowstyle='->'))
