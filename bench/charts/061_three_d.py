import matplotlib.pyplot as plt
import numpy as np
fig = plt.figure()
ax = fig.add_subplot(projection='3d')
for k, c in enumerate(['r', 'g', 'b']):
    ax.bar(np.arange(4), [81.3, 86.2, 14.7, 74.0], zs=k, zdir='y', color=c, alpha=0.8)
ax.set_xlabel('Quarter')
ax.set_ylabel('Team')
plt.tight_layout()
plt.savefig('chart.png')
