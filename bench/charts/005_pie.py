import matplotlib.pyplot as plt
import numpy as np
sizes = [91.8, 70.7, 28.0, 63.5]
labels = ['Rural', 'South', 'Hills', 'West']
fig, ax = plt.subplots(figsize=(6, 6))
ax.pie(sizes, labels=labels, autopct='%1.1f%%', startangle=90, wedgeprops=dict(width=0.4))
ax.set_title('Share of ticket prices')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
