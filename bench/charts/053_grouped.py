import matplotlib.pyplot as plt
import numpy as np
x = np.arange(3)
w = 0.25
fig, ax = plt.subplots(figsize=(9, 5))
for i, s in enumerate(['A', 'B', 'C']):
    ax.bar(x + i * w, [48.1, 29.2, 79.3], w, label='Series ' + s)
ax.set_xticks(x + w, ['East', 'South', 'Metro'])
ax.legend(title='Group')
ax.grid(axis='y', alpha=0.3)
plt.tight_layout()
plt.savefig('chart.png')
