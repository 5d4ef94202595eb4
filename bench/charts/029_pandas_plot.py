import pandas as pd
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [12.7, 94.1, 8.4, 34.6, 13.6, 56.3, 93.3, 40.9, 74.5, 99.5], 'b': [55.1, 74.5, 55.1, 25.1, 17.6, 9.2, 89.9, 99.0, 58.0, 69.3]}, index=[2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009])
ax = df.plot(kind='area', figsize=(8, 4), title='Air quality')
ax.set_ylabel('units')
plt.show()
