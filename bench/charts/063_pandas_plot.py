import pandas as pd
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [9.3, 82.4, 57.5, 93.6, 56.9, 97.7, 71.5, 60.5, 75.0], 'b': [19.3, 22.7, 49.3, 30.8, 38.3, 97.0, 95.1, 72.9, 16.8]}, index=[2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008])
ax = df.plot(kind='area', figsize=(8, 4), title='Energy use')
ax.set_ylabel('units')
plt.show()
