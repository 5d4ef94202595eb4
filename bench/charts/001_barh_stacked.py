import matplotlib.pyplot as plt
import numpy as np
cats = ['West', 'Metro', 'East']
a = np.array([39.1, 26.7, 57.3])
b = np.array([66.6, 6.2, 88.5])
fig, ax = plt.subplots()
ax.barh(cats, a, label='2023')
ax.barh(cats, b, left=a, label='2024')
ax.legend()
ax.set_xlabel('Energy use')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
