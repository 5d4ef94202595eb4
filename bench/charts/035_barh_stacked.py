import matplotlib.pyplot as plt
import numpy as np
cats = ['Rural', 'Metro', 'North', 'South']
a = np.array([6.1, 96.9, 52.8, 11.1])
b = np.array([92.5, 26.6, 14.0, 27.4])
fig, ax = plt.subplots()
ax.barh(cats, a, label='2023')
ax.barh(cats, b, left=a, label='2024')
ax.legend()
ax.set_xlabel('Rainfall')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
