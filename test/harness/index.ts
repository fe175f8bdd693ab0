export * from './additionalData';
export * from './nodeTypes';
export * from './runNode';
export * from './trigger';
export * from './clock';
