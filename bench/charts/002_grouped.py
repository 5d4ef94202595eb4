import matplotlib.pyplot as plt
import numpy as np
x = np.arange(5)
w = 0.25
fig, ax = plt.subplots(figsize=(9, 5))
for i, s in enumerate(['A', 'B', 'C']):
    ax.bar(x + i * w, [42.3, 58.0, 39.3, 35.1, 71.8], w, label='Series ' + s)
ax.set_xticks(x + w, ['Rural', 'Hills', 'West', 'Central', 'North'])
ax.legend(title='Group')
ax.grid(axis='y', alpha=0.3)
plt.show()
