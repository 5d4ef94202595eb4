import matplotlib.pyplot as plt
import numpy as np
cats = ['East', 'West', 'Metro', 'South']
a = np.array([15.5, 35.7, 64.7, 12.8])
b = np.array([79.5, 89.6, 58.4, 53.2])
fig, ax = plt.subplots()
ax.barh(cats, a, label='2023')
ax.barh(cats, b, left=a, label='2024')
ax.legend()
ax.set_xlabel('Web traffic')
