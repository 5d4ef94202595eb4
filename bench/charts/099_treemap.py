import matplotlib.pyplot as plt
import squarify
sizes = [9.1, 18.4, 56.3, 8.9, 34.0, 51.0]
labels = [f'{l}\n{s}' for l, s in zip(['North', 'Central', 'Hills', 'Coast', 'West', 'Metro'], sizes)]
plt.figure(figsize=(8, 5))
squarify.plot(sizes=sizes, label=labels, alpha=0.8, pad=True)
plt.axis('off')
plt.title('Treemap')
plt.tight_layout()
plt.savefig('chart.png')
