import matplotlib.pyplot as plt
import numpy as np
cats = ['Speed', 'Power', 'Range', 'Cost', 'Comfort', 'Safety']
vals = [4.4, 8.9, 4.1, 2.7, 4.6, 6.3]
ang = np.linspace(0, 2 * np.pi, len(cats), endpoint=False).tolist()
vals += vals[:1]
ang += ang[:1]
fig, ax = plt.subplots(subplot_kw=dict(polar=True))
ax.plot(ang, vals, 'o-')
ax.fill(ang, vals, alpha=0.25)
ax.set_xticks(ang[:-1], cats)
plt.tight_layout()
plt.savefig('chart.png')
