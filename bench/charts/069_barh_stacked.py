import matplotlib.pyplot as plt
import numpy as np
cats = ['Hills', 'West', 'Valley']
a = np.array([77.9, 11.0, 69.0])
b = np.array([55.8, 61.7, 75.0])
fig, ax = plt.subplots()
ax.barh(cats, a, label='2023')
ax.barh(cats, b, left=a, label='2024')
ax.legend()
ax.set_xlabel('Rainfall')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
