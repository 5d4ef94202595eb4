import matplotlib.pyplot as plt
import seaborn as sns
import pandas as pd
import numpy as np
m = pd.DataFrame([[0.2, 0.4, 0.8, 0.3, 1.0], [0.2, 0.4, 0.1, 1.0, 0.3], [0.5, 0.5, 0.1, 0.4, 0.1], [0.5, 0.8, 0.2, 0.4, 0.0], [1.0, 0.3, 0.9, 0.9, 0.3]], columns=list('abcde'))
plt.figure(figsize=(6, 5))
sns.heatmap(m.corr(), annot=True, cmap='vlag')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
