// The 6-digit code field: digits only, whatever is typed or pasted ("123 456", "123-456").
export const digitsOnly = (input) => {
  input.addEventListener('input', () => {
    const digits = input.value.replace(/\D/g, '').slice(0, 6);
    if (digits !== input.value) input.value = digits;
  });
};
