import pandas as pd
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [77.8, 32.4, 32.8, 57.4, 95.1, 81.9], 'b': [34.1, 42.3, 34.3, 42.7, 88.8, 31.5]}, index=[2000, 2001, 2002, 2003, 2004, 2005])
ax = df.plot(kind='bar', figsize=(8, 4), title='Sales')
ax.set_ylabel('units')
plt.tight_layout()
plt.savefig('chart.png')
