import matplotlib.pyplot as plt
import squarify
sizes = [25.4, 65.8, 22.4, 86.7]
labels = [f'{l}\n{s}' for l, s in zip(['Hills', 'East', 'Valley', 'South'], sizes)]
plt.figure(figsize=(8, 5))
squarify.plot(sizes=sizes, label=labels, alpha=0.8, pad=True)
plt.axis('off')
plt.title('Treemap')
plt.tight_layout()
plt.savefig('chart.png')
