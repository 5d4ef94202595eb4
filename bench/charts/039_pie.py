import matplotlib.pyplot as plt
import numpy as np
sizes = [52.8, 88.4, 38.0, 93.8, 87.8, 16.3]
labels = ['Metro', 'Coast', 'East', 'North', 'West', 'Hills']
fig, ax = plt.subplots(figsize=(6, 6))
ax.pie(sizes, labels=labels, autopct='%1.1f%%', startangle=90)
ax.set_title('Share of air quality')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
