import matplotlib.pyplot as plt
import seaborn as sns
import pandas as pd
import numpy as np
df = pd.DataFrame([('A', 'y', 61.8), ('A', 'y', 60.8), ('C', 'y', 70.8), ('B', 'y', 66.5), ('A', 'x', 32.2), ('B', 'y', 44.4), ('A', 'y', 28.0), ('B', 'x', 47.2), ('C', 'x', 35.2), ('B', 'y', 37.8), ('A', 'x', 30.5), ('A', 'x', 32.1), ('B', 'y', 61.0), ('C', 'x', 45.7), ('A', 'y', 46.4), ('B', 'y', 48.8), ('C', 'y', 59.1), ('A', 'y', 70.3), ('C', 'x', 42.3), ('B', 'y', 45.2), ('C', 'x', 46.9), ('B', 'y', 38.4), ('C', 'x', 52.1), ('C', 'x', 6.9), ('A', 'x', 50.5), ('A', 'x', 47.3), ('C', 'y', 67.1), ('C', 'y', 51.6), ('C', 'x', 77.5), ('C', 'x', 63.0), ('A', 'y', 45.9), ('C', 'x', 33.6), ('B', 'x', 59.0), ('C', 'y', 49.5), ('B', 'x', 58.0), ('B', 'y', 49.5), ('C', 'x', 19.1), ('A', 'x', 47.5), ('A', 'y', 44.6), ('B', 'y', 42.7), ('B', 'y', 52.1), ('C', 'y', 53.9), ('C', 'x', 43.7), ('A', 'x', 26.1), ('C', 'y', 28.5), ('C', 'y', 44.2), ('B', 'x', 46.8), ('A', 'y', 35.8), ('B', 'y', 50.8), ('A', 'x', 63.0), ('A', 'y', 42.1), ('B', 'y', 62.5), ('A', 'x', 54.4), ('B', 'y', 50.8), ('C', 'y', 52.7), ('A', 'x', 52.3), ('B', 'y', 56.9), ('B', 'y', 51.5), ('C', 'y', 44.5), ('A', 'y', 75.1)], columns=['group', 'kind', 'value'])
sns.set_theme(style='whitegrid')
df['t'] = np.arange(len(df)) % 12
sns.lineplot(data=df, x='t', y='value', hue='group')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
