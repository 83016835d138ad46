/** Protocol layer (Tan et al. 2020, sections 4.8-4.9): alphabet, coding, index table, hide, reveal, bundle. */
export * from './alphabet';
export * from './base62';
export * from './coding';
export * from './indexTable';
export * from './hide';
export * from './reveal';
export * from './bundle';
export * from './text';
