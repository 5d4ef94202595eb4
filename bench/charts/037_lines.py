import matplotlib.pyplot as plt
import numpy as np
months = list(range(1, 10))
fig, ax = plt.subplots(figsize=(10, 5))
ax.plot(months, [29.5, 31.1, 29.4, 77.7, 88.8, 28.7, 44.6, 28.4, 34.6], marker='o', label='Rainfall')
ax.plot(months, [20.1, 79.1, 97.2, 56.7, 69.2, 83.3, 38.7, 59.9, 10.7], marker='o', label='Exam scores')
ax.plot(months, [78.4, 99.9, 69.1, 61.3, 40.5, 51.5, 22.3, 33.4, 56.5], marker='o', label='Web traffic')
ax.legend(loc='upper left')
ax.set_xlabel('Month')
ax.set_title('Monthly trends')
ax.annotate('peak', xy=(3, 90), xytext=(5, 95), arrowprops=dict(arrowstyle='->'))
