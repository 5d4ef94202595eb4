import matplotlib.pyplot as plt
import numpy as np
labels = ['North', 'Metro', 'East', 'Hills', 'West', 'Coast']
values = [85.3, 97.0, 20.9, 31.0, 84.1, 19.9]
fig, ax = plt.subplots(figsize=(8, 5))
bars = ax.bar(labels, values, color='steelblue')
ax.bar_label(bars)
ax.set_title('Sales by region')
ax.set_ylabel('Value')
plt.tight_layout()
plt.savefig('chart.png')
