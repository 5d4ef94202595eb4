import matplotlib.pyplot as plt
import numpy as np
labels = ['Central', 'Valley', 'Hills', 'Coast', 'East', 'North', 'Metro', 'South']
values = [82.1, 59.5, 27.3, 18.2, 98.8, 32.9, 93.6, 23.1]
fig, ax = plt.subplots(figsize=(8, 5))
bars = ax.bar(labels, values, color='steelblue')
ax.bar_label(bars)
ax.set_title('Ticket prices by region')
ax.set_ylabel('Value')
plt.show()
