import matplotlib.pyplot as plt
import numpy as np
labels = ['Valley', 'Metro', 'Hills', 'Rural']
values = [57.0, 88.1, 90.7, 64.4]
fig, ax = plt.subplots(figsize=(8, 5))
bars = ax.bar(labels, values, color='steelblue')
ax.bar_label(bars)
ax.set_title('Air quality by region')
ax.set_ylabel('Value')
plt.show()
