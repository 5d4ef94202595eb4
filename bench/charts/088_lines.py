import matplotlib.pyplot as plt
import numpy as np
months = list(range(1, 12))
fig, ax = plt.subplots(figsize=(10, 5))
ax.plot(months, [50.7, 94.4, 96.4, 43.2, 5.1, 15.8, 72.2, 45.0, 70.0, 76.3, 57.6], marker='o', label='Exam scores')
ax.plot(months, [33.4, 86.1, 97.3, 45.7, 52.0, 74.7, 36.9, 10.4, 7.4, 81.1, 30.2], marker='o', label='Air quality')
ax.plot(months, [22.4, 79.2, 86.6, 47.6, 81.6, 21.3, 58.1, 57.0, 68.8, 83.1, 48.0], marker='o', label='Ticket prices')
ax.legend(loc='upper left')
ax.set_xlabel('Month')
ax.set_title('Monthly trends')
ax.annotate('peak', xy=(3, 90), xytext=(5, 95), arrowprops=dict(arrowstyle='->'))
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
