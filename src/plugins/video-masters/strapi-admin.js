// The admin panel's build bundles this plugin's admin part from here.
export { default } from './admin/src';
