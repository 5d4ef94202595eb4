import matplotlib.pyplot as plt
import squarify
sizes = [97.2, 19.8, 12.0, 8.7]
labels = [f'{l}\n{s}' for l, s in zip(['Rural', 'Coast', 'Hills', 'North'], sizes)]
plt.figure(figsize=(8, 5))
squarify.plot(sizes=sizes, label=labels, alpha=0.8, pad=True)
plt.axis('off')
plt.title('Treemap')
plt.show()
