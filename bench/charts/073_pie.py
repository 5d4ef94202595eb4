import matplotlib.pyplot as plt
import numpy as np
sizes = [55.3, 57.4, 61.7, 59.9, 70.1]
labels = ['Rural', 'South', 'East', 'Valley', 'West']
fig, ax = plt.subplots(figsize=(6, 6))
ax.pie(sizes, labels=labels, autopct='%1.1f%%', startangle=90, wedgeprops=dict(width=0.4))
ax.set_title('Share of sales')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
