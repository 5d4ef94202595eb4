import matplotlib.pyplot as plt
import squarify
sizes = [52.5, 78.0, 79.2, 57.3]
labels = [f'{l}\n{s}' for l, s in zip(['Metro', 'Coast', 'Central', 'Valley'], sizes)]
plt.figure(figsize=(8, 5))
squarify.plot(sizes=sizes, label=labels, alpha=0.8, pad=True)
plt.axis('off')
plt.title('Treemap')
plt.show()
