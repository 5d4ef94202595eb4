import matplotlib.pyplot as plt
import networkx as nx
G = nx.gnm_random_graph(7, 11, seed=70, directed=False)
plt.figure(figsize=(6, 6))
nx.draw_networkx(G, pos=nx.spring_layout(G, seed=1), node_color='lightblue', edge_color='gray')
plt.axis('off')
