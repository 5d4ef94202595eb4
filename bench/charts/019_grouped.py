import matplotlib.pyplot as plt
import numpy as np
x = np.arange(6)
w = 0.25
fig, ax = plt.subplots(figsize=(9, 5))
for i, s in enumerate(['A', 'B', 'C']):
    ax.bar(x + i * w, [70.4, 18.9, 89.2, 28.3, 12.7, 59.5], w, label='Series ' + s)
ax.set_xticks(x + w, ['North', 'South', 'West', 'Rural', 'Hills', 'Metro'])
ax.legend(title='Group')
ax.grid(axis='y', alpha=0.3)
plt.tight_layout()
plt.savefig('chart.png')
