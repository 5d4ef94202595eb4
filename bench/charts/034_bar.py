import matplotlib.pyplot as plt
import numpy as np
labels = ['South', 'Coast', 'Rural', 'Metro', 'Valley']
values = [67.3, 90.1, 59.1, 82.6, 28.0]
fig, ax = plt.subplots(figsize=(8, 5))
bars = ax.bar(labels, values, color='steelblue')
ax.bar_label(bars)
ax.set_title('Air quality by region')
ax.set_ylabel('Value')
plt.tight_layout()
plt.savefig('chart.png')
