import matplotlib.pyplot as plt
import squarify
sizes = [63.5, 94.2, 70.8, 17.0, 24.2, 75.2]
labels = [f'{l}\n{s}' for l, s in zip(['Rural', 'East', 'South', 'Coast', 'Central', 'Valley'], sizes)]
plt.figure(figsize=(8, 5))
squarify.plot(sizes=sizes, label=labels, alpha=0.8, pad=True)
plt.axis('off')
plt.title('Treemap')
plt.tight_layout()
plt.savefig('chart.png')
