import matplotlib.pyplot as plt
import numpy as np
steps = [-17.0, 39.3, 21.9, 20.1]
start = np.concatenate([[0], np.cumsum(steps)[:-1]])
colors = ['g' if s >= 0 else 'r' for s in steps]
fig, ax = plt.subplots()
ax.bar(range(len(steps)), steps, bottom=start, color=colors)
for i, s in enumerate(steps):
    ax.text(i, start[i] + s, f'{s:+}', ha='center', va='bottom')
ax.axhline(0, color='k', lw=0.8)
ax2 = ax.twinx()
ax2.plot(range(len(steps)), np.cumsum(steps), 'k--')
plt.tight_layout()
plt.savefig('chart.png')
