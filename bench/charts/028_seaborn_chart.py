import matplotlib.pyplot as plt
import seaborn as sns
import pandas as pd
import numpy as np
df = pd.DataFrame([('A', 'y', 56.8), ('A', 'x', 39.1), ('A', 'y', 45.6), ('A', 'y', 55.3), ('A', 'x', 45.0), ('C', 'y', 45.8), ('B', 'y', 75.2), ('A', 'x', 47.4), ('B', 'x', 69.2), ('A', 'y', 44.7), ('A', 'y', 45.0), ('C', 'y', 48.3), ('B', 'y', 72.2), ('C', 'y', 51.9), ('B', 'x', 55.5), ('B', 'y', 50.1), ('A', 'x', 73.1), ('C', 'y', 58.8), ('A', 'x', 43.4), ('A', 'y', 56.3), ('A', 'y', 41.9), ('A', 'x', 46.4), ('A', 'y', 55.6), ('A', 'y', 52.8), ('A', 'y', 50.1), ('C', 'y', 62.4), ('C', 'x', 47.6), ('B', 'y', 47.0), ('C', 'y', 49.7), ('C', 'x', 52.3), ('C', 'x', 60.4), ('A', 'y', 38.1), ('B', 'x', 53.8), ('C', 'y', 53.6), ('A', 'x', 60.7), ('A', 'y', 56.2), ('A', 'x', 46.4), ('B', 'y', 30.3), ('A', 'y', 44.5), ('C', 'x', 39.7), ('B', 'x', 54.4), ('A', 'x', 38.9), ('C', 'y', 62.3), ('A', 'y', 57.6), ('B', 'y', 35.5), ('A', 'y', 53.7), ('B', 'y', 39.5), ('A', 'y', 48.6), ('C', 'x', 70.9), ('A', 'y', 41.8), ('B', 'x', 52.2), ('C', 'x', 27.5), ('C', 'x', 47.9), ('A', 'x', 53.9), ('C', 'x', 56.1), ('C', 'x', 56.5), ('C', 'y', 40.7), ('B', 'y', 44.9), ('A', 'y', 39.8), ('B', 'y', 59.6)], columns=['group', 'kind', 'value'])
ax = sns.boxplot(data=df, x='group', y='value', hue='kind')
ax.set_title('Sales')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
