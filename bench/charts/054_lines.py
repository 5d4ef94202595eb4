import matplotlib.pyplot as plt
import numpy as np
months = list(range(1, 11))
fig, ax = plt.subplots(figsize=(10, 5))
ax.plot(months, [92.0, 73.1, 91.8, 66.5, 83.0, 65.3, 46.5, 45.2, 31.0, 8.5], marker='o', label='Rainfall')
ax.plot(months, [42.9, 65.2, 21.1, 35.2, 75.6, 31.2, 94.7, 31.5, 17.5, 9.2], marker='o', label='Air quality')
ax.plot(months, [50.1, 58.5, 40.3, 95.2, 28.1, 53.8, 82.8, 54.0, 27.2, 19.1], marker='o', label='Exam scores')
ax.legend(loc='upper left')
ax.set_xlabel('Month')
ax.set_title('Monthly trends')
ax.annotate('peak', xy=(3, 90), xytext=(5, 95), arrowprops=dict(arrowstyle='->'))
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
