import matplotlib.pyplot as plt
import networkx as nx
G = nx.gnm_random_graph(6, 10, seed=94, directed=False)
plt.figure(figsize=(6, 6))
nx.draw_networkx(G, pos=nx.spring_layout(G, seed=1), node_color='lightblue', edge_color='gray')
plt.axis('off')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
