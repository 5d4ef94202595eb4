import matplotlib.pyplot as plt
import numpy as np
months = list(range(1, 9))
fig, ax = plt.subplots(figsize=(10, 5))
ax.plot(months, [63.2, 19.4, 89.8, 30.3, 33.2, 38.2, 96.3, 71.9], marker='o', label='Energy use')
ax.plot(months, [23.6, 86.0, 77.3, 65.9, 24.1, 85.5, 6.1, 98.2], marker='o', label='Crop yield')
ax.plot(months, [64.0, 15.1, 58.5, 50.6, 30.7, 68.9, 86.6, 81.0], marker='o', label='Exam scores')
ax.legend(loc='upper left')
ax.set_xlabel('Month')
ax.set_title('Monthly trends')
ax.annotate('peak', xy=(3, 90), xytext=(5, 95), arrowprops=dict(arrowstyle='->'))
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
