/** The low-stock notice's text (the realtime event's toast, and the movement form's own). */
export const lowStockMessage = (p: { material: { name: string; code: string; unit: string }; plantName: string; quantity: number; minStock: number }) =>
  `${p.material.name} (${p.material.code}) is below its minimum at ${p.plantName}: ${p.quantity} ${p.material.unit} left, minimum ${p.minStock}`;
