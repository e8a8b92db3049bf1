import EdgeHouse
print("edgehouse")
