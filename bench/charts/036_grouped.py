import matplotlib.pyplot as plt
import numpy as np
x = np.arange(4)
w = 0.25
fig, ax = plt.subplots(figsize=(9, 5))
for i, s in enumerate(['A', 'B', 'C']):
    ax.bar(x + i * w, [8.3, 69.5, 10.4, 57.3], w, label='Series ' + s)
ax.set_xticks(x + w, ['Rural', 'East', 'West', 'Valley'])
ax.legend(title='Group')
ax.grid(axis='y', alpha=0.3)
plt.show()
