import matplotlib.pyplot as plt
import numpy as np
cats = ['Speed', 'Power', 'Range', 'Cost', 'Comfort', 'Safety']
vals = [8.1, 1.2, 5.5, 2.3, 4.2, 9.0]
ang = np.linspace(0, 2 * np.pi, len(cats), endpoint=False).tolist()
vals += vals[:1]
ang += ang[:1]
fig, ax = plt.subplots(subplot_kw=dict(polar=True))
ax.plot(ang, vals, 'o-')
ax.fill(ang, vals, alpha=0.25)
ax.set_xticks(ang[:-1], cats)
plt.tight_layout()
plt.savefig('chart.png')
