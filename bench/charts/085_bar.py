import matplotlib.pyplot as plt
import numpy as np
labels = ['Valley', 'West', 'Rural', 'North', 'Hills']
values = [21.0, 59.8, 35.1, 12.8, 73.9]
fig, ax = plt.subplots(figsize=(8, 5))
bars = ax.bar(labels, values, color='steelblue')
ax.bar_label(bars)
ax.set_title('Rainfall by region')
ax.set_ylabel('Value')
plt.show()
