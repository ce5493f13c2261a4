async function asyncFunction() {
  console.log("asyncFunction is running");
  return "Hello";
}

// awaited: await gives the value the promise resolves to
async function good() {
  const result = await asyncFunction();
  console.log(result); // Hello
  return result;
}

// not awaited: the call has ALREADY run the body up to its first await
// (here: all of it, so "asyncFunction is running" is printed), and what
// comes back is a Promise, not the value. No warning is printed.
async function bad() {
  const result = asyncFunction();
  console.log(result); // Promise { 'Hello' }  (Node)
  return result; // returning a promise from an async function adopts it
}

const result = await good(); // or: await bad()
