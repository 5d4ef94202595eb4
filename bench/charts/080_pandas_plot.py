import pandas as pd
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [21.8, 71.1, 50.6, 23.3, 29.2], 'b': [5.2, 32.8, 96.3, 34.0, 69.8]}, index=[2000, 2001, 2002, 2003, 2004])
ax = df.plot(kind='line', figsize=(8, 4), title='Energy use')
ax.set_ylabel('units')
plt.tight_layout()
plt.savefig('chart.png')
