import matplotlib.pyplot as plt
import numpy as np
labels = ['Metro', 'Hills', 'Coast', 'Central', 'East', 'West', 'South', 'Valley']
values = [38.9, 9.5, 87.0, 73.1, 70.9, 58.6, 54.4, 37.2]
fig, ax = plt.subplots(figsize=(8, 5))
bars = ax.bar(labels, values, color='steelblue')
ax.bar_label(bars)
ax.set_title('Ticket prices by region')
ax.set_ylabel('Value')
plt.tight_layout()
plt.savefig('chart.png')
