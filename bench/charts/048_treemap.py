import matplotlib.pyplot as plt
import squarify
sizes = [46.4, 59.1, 92.1, 28.2, 40.1, 94.9]
labels = [f'{l}\n{s}' for l, s in zip(['Rural', 'Central', 'South', 'East', 'Valley', 'Hills'], sizes)]
plt.figure(figsize=(8, 5))
squarify.plot(sizes=sizes, label=labels, alpha=0.8, pad=True)
plt.axis('off')
plt.title('Treemap')
plt.show()
